// Which folders an offload may read and write, through the real slated: a tablet offloads only a
// card the box found, by its id, to configured destinations; the admin token may name folders,
// but never the system, the root, slated's own folders or the card itself. What slated serves as
// the tablet app stays the app.
#include <gtest/gtest.h>
#include <regex>
#include <sys/stat.h>
#include <thread>

#include <slate/testing/net.hpp>
#include <slate/testing/process.hpp>
#include <slate/testing/temp_dir.hpp>

namespace slate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::pseudo_random;
using testing::write_file;

class PathPolicy : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* folder : {"raid", "shuttle", "incoming", "ui"}) {
      fs::create_directories(dir_ / folder);
    }
    write_file(dir_ / "ui/index.html", "<!doctype html><title>Slate</title>\n");
    daemon_ = std::make_unique<testing::DaemonUnderTest>(
        dir_.path(),
        "[[destinations]]\nname = \"raid\"\npath = \"" + (dir_ / "raid").string() +
            "\"\n[[destinations]]\nname = \"shuttle\"\npath = \"" + (dir_ / "shuttle").string() +
            "\"\n[offload]\npath_template = \"{roll}\"\n"
            "[cards]\nauto_offload = false\nsettle_seconds = 0\nmount_roots = []\n"
            "watch_folders = [\"" +
            (dir_ / "incoming").string() + "\"]\n[tether]\nautodetect = false\n",
        std::vector<std::string>{}, "ui_dir = \"" + (dir_ / "ui").string() + "\"\n");
  }

  std::string send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& token) {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: s\r\nConnection: close\r\n";
    if (!token.empty()) {
      request += "Authorization: Bearer " + token + "\r\n";
    }
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return testing::raw_http(daemon_->port(), request);
  }
  json get(const std::string& target) {
    return json::parse(testing::body_of(send("GET", target, "", daemon_->token())));
  }
  // A paired tablet's token.
  std::string tablet(const std::string& role) {
    const auto printed = daemon_->slate({"pair", "--role", role});
    std::smatch match;
    EXPECT_TRUE(std::regex_search(printed.out, match, std::regex("PIN ([0-9]{6})"))) << printed.out;
    const auto answer = send("POST", "/api/v1/pairing",
                             json{{"pin", match[1]}, {"name", role + " iPad"}}.dump(), "");
    EXPECT_EQ(testing::status_of(answer), 201) << answer;
    return json::parse(testing::body_of(answer))["token"];
  }
  // The error message of a refusal with this status, or what came instead.
  static std::string refusal(const std::string& answer, int status) {
    EXPECT_EQ(testing::status_of(answer), status) << answer;
    const auto body = json::parse(testing::body_of(answer), nullptr, false);
    return body.is_object() && body.contains("error") ? body["error"].value("message", "") : answer;
  }
  std::vector<std::string> ui_files() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::recursive_directory_iterator(dir_ / "ui")) {
      names.push_back(fs::relative(entry.path(), dir_ / "ui").string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::DaemonUnderTest> daemon_;
};

// The post that once copied /etc into the UI folder, from which anyone could then GET /shadow.
TEST_F(PathPolicy, ACameraTabletCannotOffloadAFolderItNames) {
  const auto camera = tablet("camera");
  const auto body =
      json{{"source", "/etc"}, {"destinations", {(dir_ / "ui").string(), (dir_ / "x").string()}}}
          .dump();
  const auto message = refusal(send("POST", "/api/v1/offloads", body, camera), 403);
  EXPECT_NE(message.find("only what the box found, by its id"), std::string::npos) << message;
  // Not with a configured destination either, and not a DIT tablet: a token on a lost tablet must
  // not read the box's folders.
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/offloads",
                                    R"({"source": "/etc", "destinations": ["raid"]})", camera)),
            403);
  EXPECT_EQ(
      testing::status_of(send("POST", "/api/v1/offloads",
                              R"({"source": "/etc", "destinations": ["raid"]})", tablet("dit"))),
      403);
  EXPECT_TRUE(get("/api/v1/offloads")["offloads"].empty());
  EXPECT_EQ(ui_files(), std::vector<std::string>{"index.html"});
  EXPECT_EQ(testing::status_of(send("GET", "/shadow", "", "")), 404);
  EXPECT_EQ(testing::status_of(send("GET", "/passwd", "", "")), 404);
}

TEST_F(PathPolicy, TheAdminCannotOffloadIntoTheUiFolderOrTheSystem) {
  const auto admin = daemon_->token();
  const auto into_ui =
      json{{"source", "/etc"}, {"destinations", {(dir_ / "ui").string(), (dir_ / "x").string()}}}
          .dump();
  auto message = refusal(send("POST", "/api/v1/offloads", into_ui, admin), 400);
  EXPECT_NE(message.find((dir_ / "ui").string() + " is the UI folder"), std::string::npos)
      << message;
  EXPECT_NE(message.find("nothing was copied"), std::string::npos) << message;

  // With a drive that is not plugged in among them: were the policy ever to let one through,
  // preflight would still refuse before anything is written into the system.
  const auto into = [&](const std::string& destination) {
    const auto body = json{{"source", (dir_ / "incoming").string()},
                           {"destinations", {"raid", destination, (dir_ / "unplugged").string()}}};
    return refusal(send("POST", "/api/v1/offloads", body.dump(), admin), 400);
  };
  message = into("/etc");
  EXPECT_NE(message.find("/etc is a system folder"), std::string::npos) << message;
  message = into("/dev");
  EXPECT_NE(message.find("/dev is a system folder"), std::string::npos) << message;
  message = into("/run/slate");
  EXPECT_NE(message.find("inside /run, a system folder"), std::string::npos) << message;
  message = into("/");
  EXPECT_NE(message.find("/ is the root of the file system"), std::string::npos) << message;
  message = into(daemon_->data_dir().string());
  EXPECT_NE(message.find("is slated's data dir"), std::string::npos) << message;
  message = into(dir_.path().string());
  EXPECT_NE(message.find("holds the UI folder"), std::string::npos) << message;
  message = into((dir_ / "ui/cards").string());
  EXPECT_NE(message.find("is inside the UI folder"), std::string::npos) << message;
  message = into((dir_ / "incoming/backup").string());
  EXPECT_NE(message.find("is inside the card being offloaded"), std::string::npos) << message;

  // A link is judged by where it leads.
  fs::create_symlink("/etc", dir_ / "raid-link");
  message = into((dir_ / "raid-link").string());
  EXPECT_NE(
      message.find((dir_ / "raid-link").string() + " (which leads to /etc) is a system folder"),
      std::string::npos)
      << message;
  fs::create_symlink(dir_ / "ui", dir_ / "ui-link");
  message = into((dir_ / "ui-link").string());
  EXPECT_NE(message.find("is the UI folder"), std::string::npos) << message;

  EXPECT_TRUE(get("/api/v1/offloads")["offloads"].empty()) << "an offload was queued";
  EXPECT_EQ(ui_files(), std::vector<std::string>{"index.html"});
}

TEST_F(PathPolicy, OnlyRegularFilesInsideTheUiFolderAreServed) {
  write_file(dir_ / "outside.txt", "not the app\n");
  fs::create_symlink(dir_ / "outside.txt", dir_ / "ui/outside.txt");
  fs::create_symlink("/etc/passwd", dir_ / "ui/passwd");
  fs::create_symlink("/etc", dir_ / "ui/etc");
  ASSERT_EQ(mkfifo((dir_ / "ui/pipe").c_str(), 0644), 0);
  write_file(dir_ / "ui/app.js", "// the app\n");
  EXPECT_EQ(testing::status_of(send("GET", "/app.js", "", "")), 200);
  for (const char* target :
       {"/outside.txt", "/passwd", "/etc/passwd", "/etc/hostname", "/pipe", "/etc/"}) {
    SCOPED_TRACE(target);
    const auto answer = send("GET", target, "", "");
    EXPECT_EQ(testing::status_of(answer), 404) << answer.substr(0, 300);
    EXPECT_EQ(answer.find("root:"), std::string::npos);
  }
}

TEST_F(PathPolicy, ATabletOffloadsACardByItsIdToConfiguredDestinations) {
  for (int i = 1; i <= 2; ++i) {
    write_file(dir_ / "incoming/A007R1AB" / ("A007C00" + std::to_string(i) + "_261123_R1AB.mov"),
               pseudo_random(200'000, static_cast<std::uint32_t>(i)));
  }
  json cards;
  for (int i = 0; i < 400; ++i) {
    cards = get("/api/v1/cards")["cards"];
    if (cards.size() == 1) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(cards.size(), 1u) << cards.dump();
  const std::string id = cards[0]["id"];
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{16}"))) << id;
  EXPECT_EQ(get("/api/v1/cards")["cards"][0]["id"], id) << "the id changed while present";

  const auto camera = tablet("camera");
  const auto target = "/api/v1/cards/" + id + "/offload";
  // Folders stay the admin's, even next to a card the box found.
  auto message =
      refusal(send("POST", target, json{{"destinations", {"raid", "/tmp/x"}}}.dump(), camera), 403);
  EXPECT_NE(message.find("configured names"), std::string::npos) << message;
  EXPECT_EQ(testing::status_of(send("POST", target, R"({"template": "../x"})", camera)), 403);
  EXPECT_EQ(testing::status_of(send("POST", target, R"({"source": "/etc"})", camera)), 400);
  EXPECT_EQ(testing::status_of(send("POST", target, R"({"destinations": ["nas"]})", camera)), 400);
  EXPECT_EQ(testing::status_of(send("POST", "/api/v1/cards/0123456789abcdef/offload", "", camera)),
            404);
  EXPECT_TRUE(get("/api/v1/offloads")["offloads"].empty());

  const auto started = send("POST", target, "", camera);
  ASSERT_EQ(testing::status_of(started), 202) << started;
  const auto offload = json::parse(testing::body_of(started));
  EXPECT_EQ(offload["source"], (dir_ / "incoming/A007R1AB").string());
  EXPECT_EQ(offload["roll"], "A007");
  json finished;
  for (int i = 0; i < 1200; ++i) {
    finished = get("/api/v1/offloads/" + std::to_string(offload["id"].get<std::int64_t>()));
    if (finished["state"] == "finished") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(finished["verdict"], "safe") << finished.dump();
  EXPECT_TRUE(fs::exists(dir_ / "raid/A007/A007C001_261123_R1AB.mov"));
  EXPECT_TRUE(fs::exists(dir_ / "shuttle/A007/A007C002_261123_R1AB.mov"));
  EXPECT_EQ(get("/api/v1/cards")["cards"][0]["offload"]["verdict"], "safe");
}

}  // namespace
}  // namespace slate
