// Offloads through the real slated and the real slate command, as a camera assistant runs them.
#include <gtest/gtest.h>
#include <random>
#include <signal.h>
#include <thread>

#include <slate/catalogue/catalogue.hpp>
#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

using testing::binary;
using testing::pseudo_random;
using testing::read_file;
using testing::run_command;
using testing::write_file;

bool same_bytes(const std::filesystem::path& a, const std::filesystem::path& b) {
  return read_file(a) == read_file(b);
}

void make_card(const std::filesystem::path& card, int clips, std::size_t clip_size) {
  for (int i = 0; i < clips; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "A001C%03d_261123_R1AB.mov", i + 1);
    write_file(card / "Clips" / name, pseudo_random(clip_size, static_cast<std::uint32_t>(i)));
  }
  write_file(card / "Sidecar.txt", "reel A001R1AB\n");
}

std::string config_with_destinations(const std::filesystem::path& dir) {
  return "[[destinations]]\nname = \"raid\"\npath = \"" + (dir / "raid").string() +
         "\"\ndefault = true\n\n[[destinations]]\nname = \"shuttle\"\npath = \"" +
         (dir / "shuttle").string() +
         "\"\ndefault = true\n\n[offload]\npath_template = \"{roll}\"\n";
}

class DaemonOffload : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "raid");
    std::filesystem::create_directories(dir_ / "shuttle");
    start();
  }
  void start() {
    daemon_ = std::make_unique<testing::DaemonUnderTest>(dir_.path(),
                                                         config_with_destinations(dir_.path()));
  }
  testing::CommandResult slate(const std::vector<std::string>& args) {
    return daemon_->slate(args);
  }
  nlohmann::json get(const std::string& target) {
    return nlohmann::json::parse(testing::body_of(
        testing::raw_http(daemon_->port(), testing::get_request(target, daemon_->token()))));
  }
  std::string post(const std::string& target, const std::string& body, bool with_token = true) {
    std::string request = "POST " + target + " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n";
    if (with_token) {
      request += "Authorization: Bearer " +
                 read_file(daemon_->data_dir() / "admin.token").substr(0, 64) + "\r\n";
    }
    request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n\r\n" + body;
    return testing::raw_http(daemon_->port(), request);
  }
  nlohmann::json wait_until_stopped(std::int64_t id) {
    for (int i = 0; i < 1200; ++i) {
      auto offload = get("/api/v1/offloads/" + std::to_string(id));
      const std::string state = offload.value("state", "");
      if (state == "finished" || state == "refused" || state == "duplicate" ||
          state == "interrupted" || state == "cancelled") {
        return offload;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "offload " << id << " did not stop";
    return {};
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_;
};

TEST_F(DaemonOffload, SlateOffloadEndsSafeToFormatWithExitCode0) {
  make_card(dir_ / "A001R1AB", 3, 2 * 1024 * 1024);
  const auto result = slate({"offload", (dir_ / "A001R1AB").string(), "--to",
                             (dir_ / "raid").string(), "--to", (dir_ / "shuttle").string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("SAFE TO FORMAT: roll A001, 4 files"), std::string::npos) << result.out;
  for (const char* drive : {"raid", "shuttle"}) {
    EXPECT_TRUE(same_bytes(dir_ / drive / "A001/Clips/A001C002_261123_R1AB.mov",
                           dir_ / "A001R1AB/Clips/A001C002_261123_R1AB.mov"));
    EXPECT_EQ(run_command({binary("slate").string(), "verify", (dir_ / drive / "A001").string()})
                  .exit_code,
              0);
  }
}

TEST_F(DaemonOffload, AFinishedOffloadListsEachDestinationsFinalVerifiedFigures) {
  make_card(dir_ / "A001R1AB", 3, 2 * 1024 * 1024);
  ASSERT_EQ(slate({"offload", (dir_ / "A001R1AB").string(), "--to", (dir_ / "raid").string(),
                   "--to", (dir_ / "shuttle").string()})
                .exit_code,
            0);
  // Final figures, from the copies: a tablet never keeps the last progress message's.
  const auto listed = get("/api/v1/offloads")["offloads"];
  ASSERT_EQ(listed.size(), 1u);
  const auto offload = listed[0];
  ASSERT_EQ(offload["destinations"].size(), 2u);
  for (const auto& destination : offload["destinations"]) {
    EXPECT_EQ(destination["state"], "done");
    EXPECT_EQ(destination["files_verified"], offload["total_files"]);
    EXPECT_EQ(destination["files_failed"], 0);
    EXPECT_EQ(destination["bytes_verified"], offload["total_bytes"]);
  }
  const auto detail = get("/api/v1/offloads/" + std::to_string(offload["id"].get<int>()));
  for (const auto& destination : detail["destinations"]) {
    EXPECT_EQ(destination["files_verified"], offload["total_files"]);
    EXPECT_EQ(destination["files"]["verified"], offload["total_files"]);
    EXPECT_EQ(destination["bytes_verified"], offload["total_bytes"]);
  }
}

// What `slate offload` polls four times a second: the offload's figures, without its clips or a
// tally of every file (which, for a card of 20,000 files, was most of a watched offload's memory).
TEST_F(DaemonOffload, TheFiguresOfAnOffloadAreReadWithoutItsFiles) {
  make_card(dir_ / "A001R1AB", 3, 2 * 1024 * 1024);
  ASSERT_EQ(slate({"offload", (dir_ / "A001R1AB").string(), "--to", (dir_ / "raid").string(),
                   "--to", (dir_ / "shuttle").string()})
                .exit_code,
            0);
  const auto id = std::to_string(get("/api/v1/offloads")["offloads"][0]["id"].get<int>());
  const auto figures = get("/api/v1/offloads/" + id + "?files=none");
  EXPECT_EQ(figures["verdict"], "safe") << figures.dump();
  EXPECT_EQ(figures["total_files"], 4) << figures.dump();  // three clips and a sidecar
  EXPECT_FALSE(figures.contains("clips")) << figures.dump();
  ASSERT_EQ(figures["destinations"].size(), 2u) << figures.dump();
  for (const auto& destination : figures["destinations"]) {
    EXPECT_EQ(destination["files_verified"], 4) << figures.dump();
    EXPECT_EQ(destination["bytes_verified"], figures["total_bytes"]) << figures.dump();
    EXPECT_FALSE(destination.contains("files")) << figures.dump();
  }
  // The whole detail is still there for whoever asks for it.
  const auto whole = get("/api/v1/offloads/" + id);
  EXPECT_EQ(whole["clips"].size(), 4u) << whole.dump();
  EXPECT_EQ(whole["destinations"][0]["files"]["verified"], 4) << whole.dump();
  const auto refused = testing::raw_http(
      daemon_->port(),
      testing::get_request("/api/v1/offloads/" + id + "?files=some", daemon_->token()));
  EXPECT_NE(refused.find(" 400 "), std::string::npos) << refused;
  EXPECT_NE(refused.find("bad_files"), std::string::npos) << refused;
}

TEST_F(DaemonOffload, AFinishedOffloadSaysWhereItsTimeWentStageByStage) {
  make_card(dir_ / "A001R1AB", 3, 2 * 1024 * 1024);
  const auto result =
      slate({"offload", (dir_ / "A001R1AB").string(), "--to", (dir_ / "raid").string(), "--to",
             (dir_ / "shuttle").string(), "--hash", "xxh64,md5", "--stages"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("hash md5 "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(", xxh64 "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("; read-back "), std::string::npos) << result.out;
  const auto id = get("/api/v1/offloads")["offloads"][0]["id"].get<int>();
  const auto stages = get("/api/v1/offloads/" + std::to_string(id))["stage_seconds"];
  EXPECT_GT(stages["write"].get<double>(), 0) << stages.dump();
  EXPECT_GT(stages["read_back"].get<double>(), 0) << stages.dump();
  EXPECT_GT(stages["hash"]["md5"].get<double>(), 0) << stages.dump();
  const auto document = dir_ / "stages.json";
  write_file(document, stages.dump());
  const auto valid = run_command(
      {"/usr/bin/python3", std::string(SLATE_SOURCE_DIR) + "/tests/tools/validate_json.py",
       std::string(SLATE_SOURCE_DIR) + "/schemas/api/offload-stages.schema.json",
       document.string()});
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
}

TEST_F(DaemonOffload, ConfiguredDefaultDestinationsAreUsedWhenNoneIsNamed) {
  make_card(dir_ / "A001R1AB", 1, 1000);
  const auto result = slate({"offload", (dir_ / "A001R1AB").string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto offload = nlohmann::json::parse(result.out);
  EXPECT_EQ(offload["destinations"][0]["name"], "raid");
  EXPECT_EQ(offload["destinations"][1]["name"], "shuttle");
  EXPECT_EQ(offload["verdict"], "safe");
}

TEST_F(DaemonOffload, ANotSafeCardExitsNonZeroWithTheReason) {
  make_card(dir_ / "A001R1AB", 1, 1000);
  const auto result =
      slate({"offload", (dir_ / "A001R1AB").string(), "--to", (dir_ / "raid").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("NOT SAFE TO FORMAT (finished): "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("at least 2 required"), std::string::npos) << result.out;
}

TEST_F(DaemonOffload, AnOffloadedCardIsNotCopiedAgainAndExitsWith3) {
  make_card(dir_ / "A001R1AB", 1, 1000);
  ASSERT_EQ(slate({"offload", (dir_ / "A001R1AB").string()}).exit_code, 0);
  const auto again = slate({"offload", (dir_ / "A001R1AB").string(), "--to",
                            (dir_ / "raid").string(), "--to", (dir_ / "shuttle").string()});
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_NE(again.out.find("NOT COPIED: already offloaded on"), std::string::npos) << again.out;
}

TEST_F(DaemonOffload, MutatingWithoutTheTokenIs401AndNothingStarts) {
  make_card(dir_ / "A001R1AB", 1, 1000);
  const auto response =
      post("/api/v1/offloads", "{\"source\": \"" + (dir_ / "A001R1AB").string() + "\"}", false);
  EXPECT_EQ(testing::status_of(response), 401);
  EXPECT_EQ(get("/api/v1/offloads")["offloads"].size(), 0u);
}

TEST_F(DaemonOffload, BadOffloadRequestsAreRefusedSayingWhat) {
  const std::pair<std::string, std::string> cases[] = {
      {"[]", "the body must be a JSON object"},
      {"{}", "\"source\" is required"},
      {"{\"source\": \"relative/card\"}", "must be an absolute path"},
      {"{\"source\": \"/x\", \"hashes\": [\"crc32\"]}", "unknown hash"},
      {"{\"source\": \"/x\", \"verify\": \"maybe\"}", "\"verify\" must be full, source or none"},
      {"{\"source\": \"/x\", \"destinations\": [\"nas\"]}", "\"nas\" is neither a configured"},
      {"{\"source\": \"/x\", \"colour\": 1}", "unknown field \"colour\""},
  };
  for (const auto& [body, message] : cases) {
    const auto response = post("/api/v1/offloads", body);
    EXPECT_EQ(testing::status_of(response), 400) << body;
    const auto error = nlohmann::json::parse(testing::body_of(response))["error"];
    EXPECT_EQ(error["code"], "bad_offload_request");
    EXPECT_NE(error["message"].get<std::string>().find(message), std::string::npos)
        << body << " gave " << error.dump();
  }
  EXPECT_EQ(testing::status_of(testing::raw_http(
                daemon_->port(), testing::get_request("/api/v1/offloads/99", daemon_->token()))),
            404);
}

TEST_F(DaemonOffload, DestinationsAreListedWithFreeSpace) {
  const auto list = get("/api/v1/destinations")["destinations"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "raid");
  EXPECT_TRUE(list[0]["present"].get<bool>());
  EXPECT_GT(list[0]["free_bytes"].get<std::uint64_t>(), 0u);
  EXPECT_TRUE(list[0]["default"].get<bool>());
}

// The offload's state and verdict as the catalogue holds them while slated is down.
std::pair<std::string, std::string> recorded_state(const std::filesystem::path& data_dir,
                                                   std::int64_t id) {
  auto catalogue = catalogue::Catalogue::open(data_dir / "catalogue.db");
  auto reader = catalogue->reader();
  auto select = reader->db().prepare("SELECT state, verdict FROM offloads WHERE id = ?");
  select.bind(1, id);
  if (!select.step()) {
    return {};
  }
  return {select.column_text(0), select.column_text(1)};
}

// kill -9 at several points of a multi-file offload, at every step of sealing and while it
// resumes; each kill lands before the verdict, each restart resumes it, and it ends safe with
// copies identical to the card and no part file left.
TEST_F(DaemonOffload, KilledAtAnyPointTheOffloadResumesAndEndsSafe) {
  make_card(dir_ / "A001R1AB", 12, 24 * 1024 * 1024);
  const auto body = "{\"source\": \"" + (dir_ / "A001R1AB").string() + "\"}";
  const auto started = nlohmann::json::parse(testing::body_of(post("/api/v1/offloads", body)));
  const auto id = started["id"].get<std::int64_t>();
  const std::string target = "/api/v1/offloads/" + std::to_string(id);
  const std::string resumes = "offload " + std::to_string(id) + " of ";
  const auto config = config_with_destinations(dir_.path());

  auto expect_killed_before_the_verdict = [&](const std::string& when) {
    const auto [state, verdict] = recorded_state(daemon_->data_dir(), id);
    EXPECT_NE(state, "finished") << "killed " << when << ": the offload had already finished";
    EXPECT_EQ(verdict, "") << when;
  };
  auto restart = [&](const std::vector<std::string>& env) {
    daemon_.reset();
    daemon_ = std::make_unique<testing::DaemonUnderTest>(dir_.path(), config, env);
    const auto line = daemon_->process().wait_for_line(
        [&](const std::string& text) {
          return text.find(resumes) != std::string::npos &&
                 text.find("resumes") != std::string::npos;
        },
        std::chrono::seconds(20));
    EXPECT_TRUE(line.has_value()) << "no resume was logged:\n" << daemon_->process().stderr_text();
  };

  // Kill while copying: some bytes read; some files verified; more than half verified; and once
  // right after a restart, while the resume itself runs.
  const std::vector<std::pair<std::string, std::function<bool(const nlohmann::json&)>>> moments = {
      {"after the first bytes",
       [](const nlohmann::json& o) { return o.value("bytes_read", 0) > 0; }},
      {"after 2 files were verified",
       [](const nlohmann::json& o) {
         return o["destinations"][0]["files"].value("verified", 0) >= 2;
       }},
      {"during the resume", [](const nlohmann::json&) { return true; }},
      {"after 7 files were verified",
       [](const nlohmann::json& o) {
         return o["destinations"][1]["files"].value("verified", 0) >= 7;
       }},
  };
  for (const auto& [when, moment] : moments) {
    for (int i = 0; i < 2000; ++i) {
      if (moment(get(target))) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    daemon_->process().signal(SIGKILL);
    daemon_->process().wait(std::chrono::seconds(10));
    expect_killed_before_the_verdict(when);
    restart({});
    // What the catalogue says is verified must be so on the disk.
    const auto offload = get(target);
    for (std::size_t d = 0; d < 2; ++d) {
      EXPECT_NE(offload["destinations"][d]["state"], "failed") << when;
    }
  }

  // Then slated dies at each step of sealing, in order: each restart resumes, heals what the
  // previous one left of the ASC MHL, and dies at the next step.
  for (const char* step : {"mhl.folder_created", "mhl.manifest_temporary", "mhl.manifest_written",
                           "mhl.chain_temporary", "mhl.chain_written", "offload.before_verdict"}) {
    restart({std::string("SLATE_TEST_CRASH_AT=") + step});
    const auto exit = daemon_->process().wait(std::chrono::seconds(60));
    ASSERT_EQ(exit, 128 + SIGKILL) << "slated did not reach " << step << ":\n"
                                   << daemon_->process().stderr_text();
    expect_killed_before_the_verdict(step);
  }
  restart({});
  const auto finished = wait_until_stopped(id);
  EXPECT_EQ(finished["verdict"], "safe") << finished.dump(2);
  for (const char* drive : {"raid", "shuttle"}) {
    const auto verify =
        run_command({binary("slate").string(), "verify", (dir_ / drive / "A001").string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / drive)) {
      EXPECT_FALSE(entry.path().filename().string().ends_with(".part")) << entry.path();
      EXPECT_FALSE(entry.path().filename().string().ends_with(".tmp")) << entry.path();
    }
    for (int i = 0; i < 12; ++i) {
      char name[64];
      std::snprintf(name, sizeof name, "A001C%03d_261123_R1AB.mov", i + 1);
      EXPECT_TRUE(same_bytes(dir_ / drive / "A001/Clips" / name, dir_ / "A001R1AB/Clips" / name))
          << drive << " " << name;
    }
  }
}

// slated killed mid-copy; the card back in the camera meanwhile, a clip shot on it and another
// appended to; after the restart the resume copies both as they are now and the card is safe.
TEST_F(DaemonOffload, AfterAKillTheResumeCopiesWhatWasShotOnTheCardMeanwhile) {
  make_card(dir_ / "A001R1AB", 6, 24 * 1024 * 1024);
  const auto body = "{\"source\": \"" + (dir_ / "A001R1AB").string() + "\"}";
  const auto id =
      nlohmann::json::parse(testing::body_of(post("/api/v1/offloads", body)))["id"].get<int>();
  const std::string target = "/api/v1/offloads/" + std::to_string(id);
  for (int i = 0; i < 2000 && get(target)["destinations"][0]["files"].value("verified", 0) < 1;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  daemon_->process().signal(SIGKILL);
  daemon_->process().wait(std::chrono::seconds(10));
  ASSERT_EQ(recorded_state(daemon_->data_dir(), id).second, "") << "finished before the kill";

  write_file(dir_ / "A001R1AB/Clips/A001C007_261123_R1AB.mov", pseudo_random(3 * 1024 * 1024, 70));
  auto first = read_file(dir_ / "A001R1AB/Clips/A001C001_261123_R1AB.mov");
  first += "appended by the camera";
  write_file(dir_ / "A001R1AB/Clips/A001C001_261123_R1AB.mov", first);
  start();
  const auto finished = wait_until_stopped(id);
  EXPECT_EQ(finished["verdict"], "safe") << finished.dump(2);
  EXPECT_EQ(finished["total_files"], 8) << finished.dump(2);
  for (const char* drive : {"raid", "shuttle"}) {
    for (const char* clip : {"A001C001_261123_R1AB.mov", "A001C007_261123_R1AB.mov"}) {
      EXPECT_TRUE(same_bytes(dir_ / drive / "A001/Clips" / clip, dir_ / "A001R1AB/Clips" / clip))
          << drive << " " << clip;
    }
    const auto verify =
        run_command({binary("slate").string(), "verify", (dir_ / drive / "A001").string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  }
}

// A FAT card from some cameras carries Latin-1 names: copied as the bytes they are, and shown
// everywhere in one printable form.
TEST_F(DaemonOffload, ANameThatIsNotUtf8IsOffloadedListedAndVerified) {
  make_card(dir_ / "A001R1AB", 1, 1000);
  write_file(dir_ / "A001R1AB" / "caf\xE9.mov", pseudo_random(5000, 3));
  const auto result = slate({"offload", (dir_ / "A001R1AB").string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto offload = nlohmann::json::parse(result.out);
  EXPECT_EQ(offload["verdict"], "safe");
  const auto id = offload["id"].get<std::int64_t>();

  const auto response = testing::raw_http(
      daemon_->port(),
      testing::get_request("/api/v1/offloads/" + std::to_string(id), daemon_->token()));
  ASSERT_EQ(testing::status_of(response), 200) << response;
  EXPECT_NE(testing::body_of(response).find("caf\\\\xE9.mov"), std::string::npos)
      << testing::body_of(response);
  const auto clips =
      testing::raw_http(daemon_->port(), testing::get_request("/api/v1/clips", daemon_->token()));
  ASSERT_EQ(testing::status_of(clips), 200) << clips;
  EXPECT_NE(testing::body_of(clips).find("caf\\\\xE9"), std::string::npos)
      << testing::body_of(clips);

  for (const char* drive : {"raid", "shuttle"}) {
    EXPECT_TRUE(
        same_bytes(dir_ / drive / "A001" / "caf\xE9.mov", dir_ / "A001R1AB" / "caf\xE9.mov"));
    std::string manifest;
    for (const auto& entry : std::filesystem::directory_iterator(dir_ / drive / "A001/ascmhl")) {
      if (entry.path().extension() == ".mhl") {
        manifest = read_file(entry.path());
      }
    }
    EXPECT_NE(manifest.find("<path size=\"5000\""), std::string::npos);
    EXPECT_NE(manifest.find(">caf\\xE9.mov</path>"), std::string::npos) << manifest;
    const auto verify =
        run_command({binary("slate").string(), "verify", (dir_ / drive / "A001").string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    // Changed on the copy, it is found and named the same way.
    write_file(dir_ / drive / "A001" / "caf\xE9.mov", "other");
    const auto damaged =
        run_command({binary("slate").string(), "verify", (dir_ / drive / "A001").string()});
    EXPECT_EQ(damaged.exit_code, 1);
    EXPECT_NE(damaged.out.find("changed: caf\\xE9.mov"), std::string::npos) << damaged.out;
  }
}

TEST(SlateVerify, ReportsEachKindOfDamageInItsOwnWords) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir / "raid");
  std::filesystem::create_directories(dir / "shuttle");
  make_card(dir / "A001R1AB", 3, 100 * 1024);
  {
    testing::DaemonUnderTest daemon(dir / "daemon", config_with_destinations(dir.path()));
    const auto offload = run_command({binary("slate").string(), "--server", daemon.url(),
                                      "--token-file", (daemon.data_dir() / "admin.token").string(),
                                      "offload", (dir / "A001R1AB").string()});
    ASSERT_EQ(offload.exit_code, 0) << offload.out << offload.err;
  }
  const auto copy = dir / "raid/A001";
  auto verify = [&] { return run_command({binary("slate").string(), "verify", copy.string()}); };
  auto clean = verify();
  EXPECT_EQ(clean.exit_code, 0);
  EXPECT_NE(clean.out.find("verified: all 4 files match"), std::string::npos) << clean.out;

  auto bytes = read_file(copy / "Clips/A001C001_261123_R1AB.mov");
  bytes[5000] = static_cast<char>(bytes[5000] ^ 0x10);
  write_file(copy / "Clips/A001C001_261123_R1AB.mov", bytes);
  std::filesystem::resize_file(copy / "Clips/A001C002_261123_R1AB.mov", 1000);
  std::filesystem::remove(copy / "Clips/A001C003_261123_R1AB.mov");
  write_file(copy / "Clips/stray.mov", "not from the card");

  const auto damaged = verify();
  EXPECT_EQ(damaged.exit_code, 1);
  EXPECT_NE(damaged.out.find("changed: Clips/A001C001_261123_R1AB.mov (xxh64 expected"),
            std::string::npos)
      << damaged.out;
  EXPECT_NE(damaged.out.find("changed: Clips/A001C002_261123_R1AB.mov"), std::string::npos);
  EXPECT_NE(damaged.out.find("1000 bytes, 102400 expected"), std::string::npos) << damaged.out;
  EXPECT_NE(damaged.out.find("missing: Clips/A001C003_261123_R1AB.mov"), std::string::npos);
  EXPECT_NE(damaged.out.find("new: Clips/stray.mov"), std::string::npos);
}

TEST(SlateHash, PrintsWhatXxhsumAndMd5sumPrint) {
  testing::TempDir dir;
  write_file(dir / "clip.mov", pseudo_random(1234567, 9));
  const auto file = (dir / "clip.mov").string();
  const auto ours = run_command({binary("slate").string(), "hash", file});
  const auto theirs = run_command({"/usr/bin/xxhsum", "-H1", file});
  EXPECT_EQ(ours.exit_code, 0);
  EXPECT_EQ(ours.out, theirs.out);
  const auto md5 = run_command({binary("slate").string(), "hash", "--algo", "md5", file});
  EXPECT_EQ(md5.out, run_command({"/usr/bin/md5sum", file}).out);
  const auto bad = run_command({binary("slate").string(), "hash", "--algo", "crc", file});
  EXPECT_EQ(bad.exit_code, 64);
}

}  // namespace
}  // namespace slate
